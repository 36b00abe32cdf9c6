//! `vsd::import::read_path` on Maildirs, mbox files and `.eml` files built by the tests.

use chrono::{DateTime, TimeZone, Utc};
use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime};
use vsd::import::{ImportError, RawMail, read_path};

fn read_all(path: &Path) -> Result<Vec<RawMail>, ImportError> {
    let mut out = Vec::new();
    let n = read_path(path, &mut |m| out.push(m))?;
    assert_eq!(n, out.len(), "count returned matches messages delivered");
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir).expect("mkdir");
    }
    fs::write(path, bytes).expect("write");
}

/// Sets a file's modification time and returns it as a UTC date.
fn set_mtime(path: &Path, secs: u64) -> DateTime<Utc> {
    let t = SystemTime::UNIX_EPOCH + Duration::from_secs(secs);
    fs::File::options()
        .write(true)
        .open(path)
        .expect("open")
        .set_modified(t)
        .expect("set mtime");
    DateTime::<Utc>::from(t)
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> Option<DateTime<Utc>> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single()
}

const MSG_A: &[u8] = b"From: a@example.com\nSubject: A\n\nfirst\n";
const MSG_B: &[u8] = b"From: b@example.com\nSubject: B\n\nsecond\n";

#[test]
fn maildir_reads_cur_and_new_and_skips_tmp_and_dot_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let md = dir.path().join("INBOX");
    write(&md.join("cur/1700000001.M1P1.host:2,S"), MSG_A);
    write(&md.join("cur/.hidden"), b"From: hidden@example.com\n\nx\n");
    write(&md.join("new/1700000002.M2P2.host"), MSG_B);
    write(
        &md.join("tmp/1700000003.M3P3.host"),
        b"From: partial@example.com\n\nx\n",
    );
    write(&md.join(".Sent/cur/1"), b"From: sub@example.com\n\nx\n");
    let a_time = set_mtime(&md.join("cur/1700000001.M1P1.host:2,S"), 1_700_000_001);
    let b_time = set_mtime(&md.join("new/1700000002.M2P2.host"), 1_700_000_002);

    let mails = read_all(&md).expect("reads");
    type Seen<'a> = (String, &'a [u8], Option<DateTime<Utc>>);
    let got: Vec<Seen> = mails
        .iter()
        .map(|m| (m.origin.clone(), m.bytes.as_slice(), m.fallback_date))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                md.join("cur/1700000001.M1P1.host:2,S")
                    .display()
                    .to_string(),
                MSG_A,
                Some(a_time)
            ),
            (
                md.join("new/1700000002.M2P2.host").display().to_string(),
                MSG_B,
                Some(b_time)
            ),
        ]
    );
}

#[test]
fn maildir_with_only_new_is_a_maildir() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("new/x"), MSG_A);
    let mails = read_all(dir.path()).expect("reads");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].bytes, MSG_A);
}

#[test]
fn mbox_splits_and_unescapes_from_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("team.mbox");
    let mbox = b"From MAILER-DAEMON Thu Nov 26 10:00:00 2026\n\
From: a@example.com\n\
Subject: one\n\
\n\
>From the start of the body.\n\
>>From a quoted escaped line.\n\
>Fromage is not escaped.\n\
> From with a space is not escaped.\n\
\n\
From ola@example.com Fri Nov 27 08:30:05 2026\n\
From: b@example.com\n\
Subject: two\n\
\n\
second\n";
    write(&path, mbox);
    let mails = read_all(&path).expect("reads");
    assert_eq!(mails.len(), 2);
    assert_eq!(
        String::from_utf8_lossy(&mails[0].bytes),
        "From: a@example.com\n\
Subject: one\n\
\n\
From the start of the body.\n\
>From a quoted escaped line.\n\
>Fromage is not escaped.\n\
> From with a space is not escaped.\n"
    );
    assert_eq!(
        mails[1].bytes,
        b"From: b@example.com\nSubject: two\n\nsecond\n".to_vec()
    );
    let label = path.display().to_string();
    assert_eq!(mails[0].origin, format!("{label}:1"));
    assert_eq!(mails[1].origin, format!("{label}:2"));
}

#[test]
fn mbox_from_line_dates_are_fallback_dates() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("dates.mbox");
    let mbox = b"From MAILER-DAEMON Thu Nov 26 10:00:00 2026\n\
Subject: one\n\nx\n\n\
From - Mon Dec  7 23:59:01 2026\n\
Subject: two\n\nx\n\n\
From someone@example.com\n\
Subject: three, no date on its From line\n\nx\n";
    write(&path, mbox);
    let mails = read_all(&path).expect("reads");
    let dates: Vec<_> = mails.iter().map(|m| m.fallback_date).collect();
    assert_eq!(
        dates,
        vec![
            utc(2026, 11, 26, 10, 0, 0),
            utc(2026, 12, 7, 23, 59, 1),
            None
        ]
    );
}

#[test]
fn crlf_mbox() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("crlf.mbox");
    let mbox = b"From a@example.com Thu Nov 26 10:00:00 2026\r\n\
From: a@example.com\r\n\
Subject: one\r\n\
\r\n\
>From here.\r\n\
\r\n\
From b@example.com Thu Nov 26 11:00:00 2026\r\n\
From: b@example.com\r\n\
\r\n\
two\r\n";
    write(&path, mbox);
    let mails = read_all(&path).expect("reads");
    assert_eq!(mails.len(), 2);
    assert_eq!(
        mails[0].bytes,
        b"From: a@example.com\r\nSubject: one\r\n\r\nFrom here.\r\n".to_vec()
    );
    assert_eq!(
        mails[1].bytes,
        b"From: b@example.com\r\n\r\ntwo\r\n".to_vec()
    );
    assert_eq!(mails[1].fallback_date, utc(2026, 11, 26, 11, 0, 0));
}

#[test]
fn unescaped_from_inside_a_paragraph_stays_in_its_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("mboxo.mbox");
    let mbox = b"From a@example.com Thu Nov 26 10:00:00 2026\n\
Subject: one\n\
\n\
Line before\n\
From here on it broke\n";
    write(&path, mbox);
    let mails = read_all(&path).expect("reads");
    assert_eq!(mails.len(), 1);
    assert_eq!(
        mails[0].bytes,
        b"Subject: one\n\nLine before\nFrom here on it broke\n".to_vec()
    );
}

#[test]
fn mbox_without_final_newline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nonl.mbox");
    write(
        &path,
        b"From a@example.com Thu Nov 26 10:00:00 2026\nSubject: x\n\nend",
    );
    let mails = read_all(&path).expect("reads");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].bytes, b"Subject: x\n\nend".to_vec());
}

#[test]
fn empty_file_has_no_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("empty.mbox");
    write(&path, b"");
    assert_eq!(read_all(&path).expect("reads").len(), 0);
}

#[test]
fn single_eml_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("one.eml");
    write(&path, MSG_A);
    let when = set_mtime(&path, 1_800_000_000);
    let mails = read_all(&path).expect("reads");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].bytes, MSG_A);
    assert_eq!(mails[0].origin, path.display().to_string());
    assert_eq!(mails[0].fallback_date, Some(when));
}

#[test]
fn a_file_of_any_name_is_one_message() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("message.txt");
    write(&path, MSG_B);
    let mails = read_all(&path).expect("reads");
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].bytes, MSG_B);
}

#[test]
fn directory_of_eml_files_sorted_and_recursive() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    write(&root.join("b.eml"), MSG_B);
    write(&root.join("a.EML"), MSG_A);
    write(&root.join("sub/c.eml"), b"From: c@example.com\n\nc\n");
    write(&root.join("notes.txt"), b"not mail");
    write(&root.join(".hidden.eml"), b"From: h@example.com\n\nh\n");
    let mails = read_all(root).expect("reads");
    let origins: Vec<String> = mails.iter().map(|m| m.origin.clone()).collect();
    assert_eq!(
        origins,
        vec![
            root.join("a.EML").display().to_string(),
            root.join("b.eml").display().to_string(),
            root.join("sub/c.eml").display().to_string(),
        ]
    );
    assert_eq!(mails[0].bytes, MSG_A);
    assert_eq!(mails[2].bytes, b"From: c@example.com\n\nc\n".to_vec());
}

#[test]
fn directory_without_mail_is_unrecognised() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("notes.txt"), b"not mail");
    let err = read_all(dir.path()).expect_err("no mail");
    assert!(matches!(err, ImportError::Unrecognised { .. }));
    assert_eq!(
        err.to_string(),
        format!(
            "cannot import {}: not a Maildir folder, an mbox file or an .eml file",
            dir.path().display()
        )
    );
}

#[test]
fn missing_path_names_the_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("no/such/mailbox");
    let err = read_all(&path).expect_err("missing");
    match &err {
        ImportError::Io {
            path: p,
            cause: source,
        } => {
            assert_eq!(p, &path.display().to_string());
            assert_eq!(source.kind(), std::io::ErrorKind::NotFound);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read {}: No such file or directory (os error 2)",
            path.display()
        )
    );
}

#[test]
fn imported_mbox_messages_parse() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("p.mbox");
    write(
        &path,
        b"From x Thu Nov 26 10:00:00 2026\nFrom: a@example.com\nMessage-ID: <p1@example.com>\nSubject: VSD-1 hi\n\n>From me\n",
    );
    let mails = read_all(&path).expect("reads");
    let m = vsd::mail::parse(&mails[0].bytes).expect("parses");
    assert_eq!(m.message_id, "p1@example.com");
    assert_eq!(m.subject, "VSD-1 hi");
    assert_eq!(m.text, "From me\n");
}

/// `cargo test --release --test import_readers -- --ignored --nocapture big_mbox`
/// Writes a large mbox of ~10 KB messages (size from `VSD_MBOX_MB`, default
/// 1250), reads and parses it, and prints throughput and peak memory.
#[test]
#[ignore]
fn big_mbox_throughput_and_memory() {
    use std::io::Write;
    let mb: usize = std::env::var("VSD_MBOX_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1250);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("big.mbox");
    let para = "Hei, vi ser på saken og kommer tilbake så snart vi vet mer. ";
    let body = format!("{}\n", para.repeat(150));
    {
        let mut f = std::io::BufWriter::new(fs::File::create(&path).expect("create"));
        let mut written = 0;
        let mut i = 0u64;
        while written < mb * 1_000_000 {
            let msg = format!(
                "From desk@desk.example Thu Nov 26 10:00:00 2026\n\
From: Desk <desk@desk.example>\nTo: team@example.com\n\
Subject: Re: VSD-{i} Betaling\nDate: Thu, 26 Nov 2026 10:00:00 +0100\n\
Message-ID: <{i}@desk.example>\nContent-Type: text/plain; charset=utf-8\n\n{body}>From escaped\n\n"
            );
            f.write_all(msg.as_bytes()).expect("write");
            written += msg.len();
            i += 1;
        }
        f.flush().expect("flush");
    }
    let start = std::time::Instant::now();
    let mut n = 0usize;
    let mut bytes = 0usize;
    let mut failed = 0usize;
    read_path(&path, &mut |m| {
        n += 1;
        bytes += m.bytes.len();
        if vsd::mail::parse(&m.bytes).is_err() {
            failed += 1;
        }
    })
    .expect("reads");
    let el = start.elapsed().as_secs_f64();
    let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
    let hwm = status
        .lines()
        .find(|l| l.starts_with("VmHWM"))
        .unwrap_or("VmHWM: ?");
    println!(
        "{n} messages, {} MB in {el:.2} s: {:.0} messages/s, {:.0} MB/s, {failed} failed; {hwm}",
        bytes / 1_000_000,
        n as f64 / el,
        bytes as f64 / el / 1e6
    );
}
