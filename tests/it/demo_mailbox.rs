//! Sanity checks of the demo mailbox (`assets/demo/demo.mbox`), its config and
//! its table of known answers, and of the benchmark generator `examples/genmail.rs`.
//!
//! These look at the files themselves with `mailparse`, independent of vsd's
//! own parser, so that a broken asset is caught before the import tests run.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::Path;

use mailparse::{MailHeaderMap, ParsedMail, parse_mail};
use regex::Regex;

#[path = "../../examples/genmail.rs"]
#[allow(dead_code)]
mod genmail;

const DEMO: &[u8] = include_bytes!("../../assets/demo/demo.mbox");
const EXPECTED: &str = include_str!("../../assets/demo/expected.json");
const CONFIG: &str = include_str!("../../assets/demo/config.toml");
const README: &str = include_str!("../../assets/demo/README.md");

/// Splits an mbox at its `From ` lines and undoes the `>From ` escaping
/// (one `>` less on lines of the form `>…>From `).
fn split_mbox(data: &[u8]) -> Vec<Vec<u8>> {
    let mut messages: Vec<Vec<u8>> = Vec::new();
    for line in data.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b"From ") {
            messages.push(Vec::new());
            continue;
        }
        let current = messages
            .last_mut()
            .expect("an mbox starts with a From line");
        let quotes = line.iter().take_while(|&&b| b == b'>').count();
        if quotes > 0 && line[quotes..].starts_with(b"From ") {
            current.extend_from_slice(&line[1..]);
        } else {
            current.extend_from_slice(line);
        }
    }
    // The blank line before each separator belongs to the mbox, not the message.
    for m in &mut messages {
        if m.ends_with(b"\n\n") {
            m.pop();
        }
    }
    messages
}

fn header(m: &ParsedMail, name: &str) -> Option<String> {
    m.headers.get_first_value(name)
}

fn parts<'a>(m: &'a ParsedMail<'a>, out: &mut Vec<&'a ParsedMail<'a>>) {
    out.push(m);
    for p in &m.subparts {
        parts(p, out);
    }
}

fn expected() -> serde_json::Value {
    serde_json::from_str(EXPECTED).expect("expected.json is JSON")
}

fn key_re() -> Regex {
    Regex::new("VSD-[0-9]+|Case [0-9]+").expect("pattern")
}

#[test]
fn demo_mbox_splits_into_the_expected_number_of_messages() {
    let messages = split_mbox(DEMO);
    assert_eq!(messages.len(), 131);
    assert_eq!(expected()["messages"].as_u64(), Some(131));
    let per_issue: u64 = expected()["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .map(|i| i["messages"].as_u64().expect("messages"))
        .sum();
    assert_eq!(per_issue, 131);
    assert!(
        DEMO.len() < 400 * 1024,
        "the demo mailbox is {} bytes",
        DEMO.len()
    );
}

#[test]
fn every_demo_message_parses_with_from_date_and_message_id() {
    let first = mailparse::dateparse("Mon, 01 Dec 2025 00:00:00 +0100").expect("date");
    let last = mailparse::dateparse("Wed, 25 Nov 2026 23:59:59 +0100").expect("date");
    let mut ids = HashSet::new();
    for (n, raw) in split_mbox(DEMO).iter().enumerate() {
        let m = parse_mail(raw).unwrap_or_else(|e| panic!("message {n} does not parse: {e}"));
        let from = header(&m, "From").unwrap_or_default();
        assert!(
            from.contains("@example.com") || from.contains("@vipps.no"),
            "message {n}: From {from:?}"
        );
        let date = header(&m, "Date").expect("Date");
        let t = mailparse::dateparse(&date).expect("a readable Date");
        assert!((first..=last).contains(&t), "message {n}: Date {date}");
        let id = header(&m, "Message-ID").expect("Message-ID");
        assert!(id.starts_with('<') && id.ends_with('>') && id.contains('@'));
        assert!(ids.insert(id.clone()), "message {n}: duplicate {id}");
        for p in {
            let mut v = Vec::new();
            parts(&m, &mut v);
            v
        } {
            p.get_body_raw()
                .unwrap_or_else(|e| panic!("message {n}: a part does not decode: {e}"));
        }
    }
}

#[test]
fn demo_replies_reference_messages_in_the_mailbox() {
    let messages = split_mbox(DEMO);
    let parsed: Vec<ParsedMail> = messages
        .iter()
        .map(|m| parse_mail(m).expect("parses"))
        .collect();
    let ids: HashSet<String> = parsed
        .iter()
        .filter_map(|m| header(m, "Message-ID"))
        .collect();
    let mut replies = 0;
    for m in &parsed {
        if let Some(parent) = header(m, "In-Reply-To") {
            replies += 1;
            assert!(ids.contains(&parent), "unknown parent {parent}");
            let refs = header(m, "References").expect("References beside In-Reply-To");
            assert_eq!(refs.split_whitespace().last(), Some(parent.as_str()));
            assert!(refs.split_whitespace().all(|r| ids.contains(r)));
        }
    }
    // Every message except the 32 new requests is a reply.
    assert_eq!(replies, 131 - 32);
}

#[test]
fn demo_has_at_least_28_issue_keys_matching_the_known_answers() {
    let re = key_re();
    let mut keys = BTreeSet::new();
    for raw in split_mbox(DEMO) {
        let m = parse_mail(&raw).expect("parses");
        let subject = header(&m, "Subject").unwrap_or_default();
        if let Some(k) = re.find(&subject) {
            keys.insert(k.as_str().to_string());
        }
    }
    assert!(keys.len() >= 28, "{} keys", keys.len());
    assert!(keys.contains("Case 123456") && keys.contains("Case 123519"));
    let answered: BTreeSet<String> = expected()["issues"]
        .as_array()
        .expect("issues")
        .iter()
        .filter_map(|i| i["key"].as_str().map(str::to_string))
        .collect();
    // VSD-40341 and VSD-40577 also appear as second keys in other issues' Subjects.
    assert_eq!(keys, answered);
    assert_eq!(answered.len(), 30);
}

#[test]
fn known_answers_cover_every_status_and_every_rule_twice() {
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for issue in expected()["issues"].as_array().expect("issues") {
        *statuses
            .entry(issue["status"].as_str().expect("status").to_string())
            .or_default() += 1;
        for f in issue["flags"].as_array().expect("flags") {
            *rules
                .entry(f.as_str().expect("flag").to_string())
                .or_default() += 1;
        }
    }
    assert_eq!(statuses["awaiting-desk"], 11);
    assert_eq!(statuses["awaiting-team"], 10);
    assert_eq!(statuses["resolved"], 9);
    assert_eq!(statuses["unfiled"], 2);
    for rule in [
        "subject-changed",
        "key-missing",
        "quoted-history",
        "new-problem",
        "multiple-issues",
        "secret-unredacted",
        "cc-dropped",
        "missing-info",
    ] {
        assert!(
            rules.get(rule).copied().unwrap_or(0) >= 2,
            "{rule}: {rules:?}"
        );
    }
    assert_eq!(expected()["closed_by_demo"].as_str(), Some("VSD-40455"));
    assert!(README.contains("closes\n**VSD-40455** locally"));
    // The README table is generated from the same data.
    for issue in expected()["issues"].as_array().expect("issues") {
        let key = issue["key"].as_str().unwrap_or("(unfiled)");
        let row = format!("| {key} | {} |", issue["title"].as_str().expect("title"));
        assert!(README.contains(&row), "README lacks {row}");
    }
}

#[test]
fn demo_is_in_english_and_norwegian() {
    let mut english = 0;
    let mut norwegian = 0;
    for raw in split_mbox(DEMO) {
        let m = parse_mail(&raw).expect("parses");
        let mut v = Vec::new();
        parts(&m, &mut v);
        let text: String = v
            .iter()
            .filter(|p| p.ctype.mimetype.starts_with("text/"))
            .map(|p| p.get_body().expect("decodes"))
            .collect();
        if text.contains("Hei") && (text.contains('å') || text.contains('ø')) {
            norwegian += 1;
        }
        if text.contains("Hi ") || text.contains("Hi,") || text.contains("Hello") {
            english += 1;
        }
    }
    assert!(norwegian >= 40, "{norwegian} Norwegian messages");
    assert!(english >= 50, "{english} English messages");
}

#[test]
fn demo_mixes_mime_shapes_and_encodings() {
    let mut html_parts = 0;
    let mut html_only = 0;
    let mut alternative = 0;
    let mut cte: BTreeMap<String, usize> = BTreeMap::new();
    let mut latin1 = None;
    let mut attachments = BTreeMap::new();
    let mut encoded_subjects = 0;
    for raw in split_mbox(DEMO) {
        let m = parse_mail(&raw).expect("parses");
        let raw_subject = String::from_utf8_lossy(&raw)
            .lines()
            .find(|l| l.starts_with("Subject:"))
            .unwrap_or_default()
            .to_string();
        if raw_subject.contains("=?") {
            encoded_subjects += 1;
            let decoded = header(&m, "Subject").unwrap_or_default();
            assert!(!decoded.contains("=?"), "{decoded}");
        }
        match m.ctype.mimetype.as_str() {
            "text/html" => html_only += 1,
            "multipart/alternative" => alternative += 1,
            _ => {}
        }
        let mut v = Vec::new();
        parts(&m, &mut v);
        for p in v {
            if p.ctype.mimetype == "text/html" {
                html_parts += 1;
            }
            if let Some(enc) = p.headers.get_first_value("Content-Transfer-Encoding") {
                *cte.entry(enc.to_ascii_lowercase()).or_default() += 1;
            }
            if p.ctype.charset.eq_ignore_ascii_case("iso-8859-1") {
                latin1 = Some(p.get_body().expect("decodes"));
            }
            if let Some(name) = p.get_content_disposition().params.get("filename") {
                attachments.insert(name.clone(), p.get_body_raw().expect("decodes"));
            }
        }
    }
    assert!(html_parts >= 15, "{html_parts} HTML parts");
    assert!(html_only >= 2, "{html_only} HTML-only messages");
    assert!(alternative >= 10, "{alternative} multipart/alternative");
    for enc in ["7bit", "8bit", "quoted-printable", "base64"] {
        assert!(cte.contains_key(enc), "no {enc} part: {cte:?}");
    }
    assert!(
        encoded_subjects >= 10,
        "{encoded_subjects} RFC 2047 subjects"
    );
    let latin1 = latin1.expect("an ISO-8859-1 message");
    assert!(latin1.contains("Vår nye utvikler") && latin1.contains("«Du har ikke tilgang"));
    let png = &attachments["skjermbilde-qr.png"];
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
    let log = String::from_utf8(attachments["refund-log.json"].clone()).expect("UTF-8");
    assert_eq!(log.lines().count(), 24);
    for line in log.lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        assert!(v["status"] == 200 || v["status"] == 500);
    }
}

#[test]
fn demo_escapes_from_lines_in_bodies() {
    let text = String::from_utf8_lossy(DEMO);
    assert!(text.contains("\n>From the logs we can see"));
    let unescaped = split_mbox(DEMO)
        .into_iter()
        .find(|m| {
            String::from_utf8_lossy(m).contains("\nFrom the logs we can see that your eCom calls")
        })
        .expect("the unescaped line");
    let m = parse_mail(&unescaped).expect("parses");
    assert_eq!(
        header(&m, "Subject").as_deref(),
        Some(
            "RE: [VSD-40112] POST /epayment/v1/payments gives HTTP 400 \"Invalid merchant serial number\""
        )
    );
}

#[test]
fn noreply_auto_replies_carry_reply_to_the_desk() {
    let mut seen = 0;
    for raw in split_mbox(DEMO) {
        let m = parse_mail(&raw).expect("parses");
        if header(&m, "From").is_some_and(|f| f.contains("noreply@vipps.no")) {
            seen += 1;
            assert_eq!(
                header(&m, "Reply-To").as_deref(),
                Some("Vipps Integration <integration@vipps.no>")
            );
            assert_eq!(
                header(&m, "Auto-Submitted").as_deref(),
                Some("auto-replied")
            );
        }
    }
    assert_eq!(seen, 2);
}

#[test]
fn demo_config_parses_with_the_desk_and_team() {
    let config = vsd::config::Config::parse_str(CONFIG, "assets/demo/config.toml").expect("parses");
    assert_eq!(
        config.desk.addresses,
        vec!["integration@vipps.no", "noreply@vipps.no"]
    );
    assert_eq!(config.desk.kam.as_deref(), Some("kam@vipps.no"));
    assert_eq!(config.team.addresses, vec!["*@example.com"]);
    assert_eq!(
        config.from_address().as_deref(),
        Some("Ola Nordmann <ola@example.com>")
    );
    assert!(config.imap.is_none());
    let re = config.issue_regex();
    assert_eq!(
        re.find("Re: [Case 123456] Payment stuck")
            .map(|m| m.as_str()),
        Some("Case 123456")
    );
    assert_eq!(
        re.find("SV: VSD-40157: Webhooks").map(|m| m.as_str()),
        Some("VSD-40157")
    );
}

#[test]
fn make_demo_script_reproduces_the_committed_mailbox() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("demo.mbox");
    let status = std::process::Command::new("python3")
        .arg(root.join("scripts/make_demo.py"))
        .arg(&out)
        .output();
    match status {
        Ok(o) if o.status.success() => {
            let made = std::fs::read(&out).expect("written");
            assert!(
                made == DEMO,
                "scripts/make_demo.py no longer writes assets/demo/demo.mbox: run it and commit"
            );
        }
        Ok(o) => panic!(
            "make_demo.py failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => eprintln!("skipped: python3 not available ({e})"),
    }
}

fn genmail_opts(
    out: &Path,
    n: u64,
    seed: u64,
    format: genmail::Format,
    folders: bool,
) -> genmail::Options {
    genmail::Options {
        messages: n,
        seed,
        format,
        out: out.to_path_buf(),
        folders,
    }
}

#[test]
fn genmail_mbox_is_deterministic_and_has_exactly_n_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.mbox");
    let b = dir.path().join("b.mbox");
    let c = dir.path().join("c.mbox");
    let sa = genmail::generate(&genmail_opts(&a, 300, 42, genmail::Format::Mbox, false))
        .expect("writes");
    let sb = genmail::generate(&genmail_opts(&b, 300, 42, genmail::Format::Mbox, false))
        .expect("writes");
    genmail::generate(&genmail_opts(&c, 300, 43, genmail::Format::Mbox, false)).expect("writes");
    let (da, db, dc) = (
        std::fs::read(&a).expect("read"),
        std::fs::read(&b).expect("read"),
        std::fs::read(&c).expect("read"),
    );
    assert!(da == db, "same seed, different bytes");
    assert!(da != dc, "different seeds, same bytes");
    assert_eq!(sa, sb);
    assert_eq!(sa.messages, 300);
    assert_eq!(sa.bytes, da.len() as u64);

    let messages = split_mbox(&da);
    assert_eq!(messages.len(), 300);
    let re = key_re();
    let mut keys = BTreeSet::new();
    let mut ids = HashSet::new();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for raw in &messages {
        let head = String::from_utf8_lossy(raw);
        if head.contains("\nSubject: =?UTF-8?") {
            *kinds.entry("rfc2047").or_default() += 1;
        }
        let m = parse_mail(raw).expect("parses");
        assert!(header(&m, "From").is_some() && header(&m, "Date").is_some());
        let id = header(&m, "Message-ID").expect("Message-ID");
        assert!(ids.insert(id));
        if let Some(parent) = header(&m, "In-Reply-To") {
            assert!(ids.contains(&parent), "parent {parent} comes later");
        }
        let mut v = Vec::new();
        parts(&m, &mut v);
        for p in v {
            if p.ctype.mimetype.starts_with("text/") {
                let body = p.get_body().expect("decodes");
                assert!(!body.contains('\u{FFFD}'), "a text part decodes lossily");
                if body.contains(" wrote:\n> ") || body.contains("<blockquote type=\"cite\">") {
                    *kinds.entry("quoted").or_default() += 1;
                }
                if body.contains("Hei,") {
                    *kinds.entry("norwegian").or_default() += 1;
                }
            }
            if p.ctype.mimetype == "text/html" {
                *kinds.entry("html").or_default() += 1;
            }
            if let Some(enc) = p.headers.get_first_value("Content-Transfer-Encoding") {
                *kinds
                    .entry(if enc == "base64" {
                        "base64"
                    } else {
                        "other-cte"
                    })
                    .or_default() += 1;
            }
            if p.get_content_disposition().params.contains_key("filename") {
                *kinds.entry("attachment").or_default() += 1;
            }
        }
        if let Some(k) = re.find(&header(&m, "Subject").unwrap_or_default()) {
            keys.insert(k.as_str().to_string());
        }
    }
    for kind in [
        "rfc2047",
        "quoted",
        "norwegian",
        "html",
        "base64",
        "attachment",
    ] {
        assert!(
            kinds.get(kind).copied().unwrap_or(0) > 0,
            "no {kind}: {kinds:?}"
        );
    }
    assert_eq!(keys.len() as u64, sa.issues);
    // About one issue per six messages.
    assert!(
        (30..=80).contains(&sa.issues),
        "{} issues in 300 messages",
        sa.issues
    );
}

#[test]
fn genmail_maildir_folders_split_desk_and_team_mail() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("mail");
    let s = genmail::generate(&genmail_opts(&out, 200, 7, genmail::Format::Maildir, true))
        .expect("writes");
    assert_eq!(s.messages, 200);
    let name = Regex::new(r"^\d+\.M\d+P4242Q\d+\.genmail,S=(\d+),W=(\d+)(:2,S)?$").expect("re");
    let mut total = 0;
    let mut bytes = 0;
    for (folder, desk) in [("INBOX", true), ("Sent", false)] {
        assert!(out.join(folder).join("tmp").is_dir());
        for sub in ["cur", "new"] {
            for entry in std::fs::read_dir(out.join(folder).join(sub)).expect("dir") {
                let entry = entry.expect("entry");
                let file = entry.file_name().to_string_lossy().to_string();
                let caps = name.captures(&file).unwrap_or_else(|| panic!("{file}"));
                assert_eq!(caps.get(3).is_some(), sub == "cur", "{sub}/{file}");
                let data = std::fs::read(entry.path()).expect("read");
                assert_eq!(caps[1].parse::<usize>().ok(), Some(data.len()));
                let lines = data.iter().filter(|&&b| b == b'\n').count();
                assert_eq!(caps[2].parse::<usize>().ok(), Some(data.len() + lines));
                let m = parse_mail(&data).expect("parses");
                let from = header(&m, "From").unwrap_or_default();
                assert_eq!(
                    from.contains("integration@vipps.no"),
                    desk,
                    "{folder}: {from}"
                );
                total += 1;
                bytes += data.len() as u64;
            }
        }
    }
    assert_eq!(total, 200);
    assert_eq!(bytes, s.bytes);
}

#[test]
fn genmail_encoders_round_trip() {
    let mut out = Vec::new();
    genmail::quoted_printable(&"Blåbærsyltetøy = godt ".repeat(20), &mut out);
    assert!(out.split(|&b| b == b'\n').all(|l| l.len() <= 76));
    let msg = [
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            .as_slice(),
        &out,
    ]
    .concat();
    assert_eq!(
        // The decoder writes hard line breaks as CRLF.
        parse_mail(&msg)
            .expect("parses")
            .get_body()
            .expect("decodes")
            .replace("\r\n", "\n"),
        format!("{}\n", "Blåbærsyltetøy = godt ".repeat(20))
    );
    let data: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let mut b64 = Vec::new();
    genmail::base64_lines(&data, &mut b64);
    assert!(b64.split(|&b| b == b'\n').all(|l| l.len() <= 76));
    let msg = [
        b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n\n".as_slice(),
        &b64,
    ]
    .concat();
    assert_eq!(
        parse_mail(&msg)
            .expect("parses")
            .get_body_raw()
            .expect("decodes"),
        data
    );
    let subject = "Får ikke tilgang til MSN 345678 i portalen – «Ingen nøkler»";
    for b in [true, false] {
        let encoded = genmail::encode_header(subject, b);
        assert!(encoded.lines().all(|l| l.trim().len() <= 75), "{encoded}");
        let msg = format!("Subject: {encoded}\n\nx");
        let parsed = parse_mail(msg.as_bytes()).expect("parses");
        assert_eq!(header(&parsed, "Subject").as_deref(), Some(subject));
    }
}
