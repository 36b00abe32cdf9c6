//! Writing a draft's bytes: headers cleaned, then built by `mail-builder`.
//!
//! Everything that reaches a header comes from mail someone else wrote (a
//! Subject, a display name, a Message-ID) or from the user, so each is
//! cleaned first: header text loses its control characters and has every
//! line break folded to a space, message ids keep only the characters an id
//! may hold, addresses must be plain ASCII `local@domain`. What is left can
//! only ever be the value of the header it was given to; `mail-builder`
//! then encodes non-ASCII as RFC 2047 words and the body as MIME, so the
//! headers are 7-bit and every line ends in CRLF.

use super::DraftError;
use crate::mail::Address;
use chrono::{DateTime, Utc};
use mail_builder::MessageBuilder;
use mail_builder::headers::address::Address as MbAddress;
use mail_builder::headers::date::Date;
use mail_builder::headers::message_id::MessageId;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};

/// The headers of a draft, before cleaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub from: Address,
    pub to: Vec<Address>,
    pub cc: Vec<Address>,
    pub subject: String,
    /// Without angle brackets.
    pub in_reply_to: Option<String>,
    /// Without angle brackets, oldest first.
    pub references: Vec<String>,
}

/// A file that goes with a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftAttachment {
    /// The file name the desk sees (made safe, see `mail::filename`).
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

impl DraftAttachment {
    /// An attachment named after `path`'s last component, its type guessed
    /// from the extension.
    pub fn new(path_name: &str, bytes: Vec<u8>) -> DraftAttachment {
        let name = crate::mail::filename::safe_name(Some(path_name), "attachment").name;
        DraftAttachment {
            content_type: content_type_for(&name).to_string(),
            name,
            bytes,
        }
    }
}

/// The content type a file name suggests; `application/octet-stream` when
/// the extension says nothing.
pub fn content_type_for(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "bmp" => "image/bmp",
        "svg" => "image/svg+xml",
        "txt" | "log" | "http" | "curl" => "text/plain",
        "csv" => "text/csv",
        "html" | "htm" => "text/html",
        "json" | "har" => "application/json",
        "xml" => "application/xml",
        "zip" => "application/zip",
        "eml" => "message/rfc822",
        "pcap" => "application/vnd.tcpdump.pcap",
        _ => "application/octet-stream",
    }
}

/// A finished draft: what was written, and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// The headers as written (cleaned).
    pub envelope: Envelope,
    /// The fresh Message-ID, without angle brackets.
    pub message_id: String,
    pub date: DateTime<Utc>,
    /// The body as written, line endings `\n`.
    pub body: String,
    /// The RFC 5322 message, CRLF line endings.
    pub raw: Vec<u8>,
}

/// Header text with control characters removed and every run of white
/// space (line breaks included) folded to one space.
pub fn header_text(s: &str) -> String {
    let kept: String = s
        .chars()
        .map(|c| {
            if c == '\r' || c == '\n' || c == '\t' {
                ' '
            } else {
                c
            }
        })
        .filter(|c| !c.is_control())
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// True for a plain ASCII `local@domain` that needs no quoting: the
/// dot-atom characters of RFC 5322 on the left, a host name on the right.
pub fn is_plain_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-/=?^_`{|}~.".contains(&b));
    let domain_ok = !domain.is_empty()
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    local_ok && domain_ok
}

/// A message id without angle brackets, or `None` when it holds anything an
/// id may not (white space, brackets, controls, non-ASCII): such an id would
/// not thread anyway, and mending it could only point at another message.
pub fn message_id_text(id: &str) -> Option<String> {
    let id = id.trim();
    let id = id.strip_prefix('<').unwrap_or(id);
    let id = id.strip_suffix('>').unwrap_or(id);
    let ok = !id.is_empty()
        && id.contains('@')
        && id
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"<>()[]\\\",;".contains(&b));
    ok.then(|| id.to_string())
}

fn clean_address(a: &Address, role: &'static str) -> Result<Address, DraftError> {
    let email = a.email.trim().to_ascii_lowercase();
    if !is_plain_email(&email) {
        return Err(DraftError::BadAddress {
            role,
            address: a.email.clone(),
        });
    }
    let name = a.name.as_deref().map(header_text).filter(|n| !n.is_empty());
    Ok(Address { name, email })
}

fn mb_address(a: &Address) -> MbAddress<'static> {
    MbAddress::new_address(a.name.clone(), a.email.clone())
}

fn mb_list(list: &[Address]) -> MbAddress<'static> {
    MbAddress::new_list(list.iter().map(mb_address).collect())
}

/// The body as it is written: `\n` line endings, no NUL, no byte-order mark
/// (an editor's, not the user's), ending in a newline.
fn clean_body(body: &str) -> String {
    // NULs go first: what they stood between (`\r\0\n`) is one line break.
    let mut s = body.replace('\0', "");
    s = s.replace("\r\n", "\n").replace(['\r'], "\n");
    // After the NULs are gone, so that what is sent never starts with one
    // (readers drop a leading mark, and the text would not read back).
    if let Some(rest) = s.strip_prefix('\u{feff}') {
        s = rest.to_string();
    }
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// A fresh Message-ID on the sender's domain: the time and a digest of the
/// time, the process, a counter and the draft, so two drafts never share one.
fn fresh_message_id(from: &Address, subject: &str, now: DateTime<Utc>) -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let mut h = Sha256::new();
    h.update(now.timestamp_nanos_opt().unwrap_or_default().to_le_bytes());
    h.update(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
            .to_le_bytes(),
    );
    h.update(std::process::id().to_le_bytes());
    h.update(n.to_le_bytes());
    h.update(from.email.as_bytes());
    h.update(subject.as_bytes());
    let digest = format!("{:x}", h.finalize());
    let domain = from.domain();
    let domain = if domain.is_empty() {
        "vsd.invalid"
    } else {
        domain
    };
    format!("vsd.{}.{}@{domain}", now.timestamp(), &digest[..20])
}

/// Cleans the envelope and writes the message. Cc addresses that are not
/// plain ASCII are left out (a colleague's odd address must not stop a
/// reply); a bad From or To is an error, since the draft would go nowhere.
pub fn compose(env: &Envelope, body: &str, now: DateTime<Utc>) -> Result<Draft, DraftError> {
    compose_with(env, body, &[], now)
}

/// [`compose`] with files attached: the message is then multipart/mixed,
/// the text first and each file after it, base64 with its name in
/// Content-Disposition (RFC 2231 when it is not ASCII).
pub fn compose_with(
    env: &Envelope,
    body: &str,
    attachments: &[DraftAttachment],
    now: DateTime<Utc>,
) -> Result<Draft, DraftError> {
    let envelope = clean_envelope(env)?;
    let body = clean_body(body);
    let message_id = fresh_message_id(&envelope.from, &envelope.subject, now);
    let raw = build(&envelope, &body, &message_id, attachments, now);
    Ok(Draft {
        envelope,
        message_id,
        date: now,
        body,
        raw,
    })
}

/// The envelope as the draft carries it: addresses and ids checked and
/// each named once, the subject on one line.
fn clean_envelope(env: &Envelope) -> Result<Envelope, DraftError> {
    let from = clean_address(&env.from, "sender")?;
    // Sets keep each check constant time: the lists come from mail that
    // may name thousands of addresses and ids. A recipient named twice is
    // written once, as a reader of the draft sees it (found by fuzzing).
    let mut named: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut to: Vec<Address> = Vec::new();
    for a in &env.to {
        let a = clean_address(a, "recipient")?;
        if named.insert(a.email.clone()) {
            to.push(a);
        }
    }
    if to.is_empty() {
        return Err(DraftError::NoRecipient);
    }
    let mut cc: Vec<Address> = Vec::new();
    for a in &env.cc {
        if let Ok(a) = clean_address(a, "Cc")
            && named.insert(a.email.clone())
        {
            cc.push(a);
        }
    }
    let subject = header_text(&env.subject);
    if subject.is_empty() {
        return Err(DraftError::NoSubject);
    }
    let in_reply_to = env.in_reply_to.as_deref().and_then(message_id_text);
    let mut references: Vec<String> = Vec::new();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    for r in env.references.iter().filter_map(|r| message_id_text(r)) {
        if seen.insert(r.clone()) {
            references.push(r);
        }
    }
    Ok(Envelope {
        from,
        to,
        cc,
        subject,
        in_reply_to,
        references,
    })
}

/// The message's bytes, from a clean envelope and body.
fn build(
    env: &Envelope,
    body: &str,
    message_id: &str,
    attachments: &[DraftAttachment],
    now: DateTime<Utc>,
) -> Vec<u8> {
    let mut b = MessageBuilder::new()
        .from(mb_address(&env.from))
        .to(mb_list(&env.to));
    if !env.cc.is_empty() {
        b = b.cc(mb_list(&env.cc));
    }
    b = b
        .subject(env.subject.clone())
        .date(Date::new(now.timestamp()))
        .message_id(message_id.to_string());
    if let Some(id) = &env.in_reply_to {
        b = b.in_reply_to(id.clone());
    }
    if !env.references.is_empty() {
        b = b.references(MessageId::new_list(env.references.clone().into_iter()));
    }
    b = b.text_body(body.to_string());
    for a in attachments {
        b = b.attachment(
            a.content_type.as_str(),
            a.name.as_str(),
            mail_builder::mime::BodyPart::Binary(a.bytes.as_slice().into()),
        );
    }
    let mut raw: Vec<u8> = Vec::new();
    b.serialize(&mut raw);
    raw
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_text_folds_breaks_and_drops_controls() {
        assert_eq!(
            header_text("a\r\nBcc: x@y\0 \t b\u{7}"),
            "a Bcc: x@y b".to_string()
        );
        assert_eq!(header_text("  Søknad\u{2028}om  "), "Søknad om");
    }

    #[test]
    fn plain_emails() {
        assert!(is_plain_email("ola.nordmann+vsd@example.com"));
        assert!(!is_plain_email("ola@exa mple.com"));
        assert!(!is_plain_email("øla@example.com"));
        assert!(!is_plain_email("a@b>, evil@x.com"));
        assert!(!is_plain_email("no-at-sign"));
        assert!(!is_plain_email("a..b@example.com"));
    }

    #[test]
    fn message_ids_are_kept_or_dropped_whole() {
        assert_eq!(
            message_id_text("<abc.1@vipps.no>").as_deref(),
            Some("abc.1@vipps.no")
        );
        assert_eq!(message_id_text("abc@x\r\nBcc: y"), None);
        assert_eq!(message_id_text("no-at"), None);
        assert_eq!(message_id_text("ä@x"), None);
    }

    #[test]
    fn body_lines_are_normalised() {
        assert_eq!(clean_body("a\r\nb\rc\0d"), "a\nb\ncd\n");
        assert_eq!(clean_body("\u{feff}Hei"), "Hei\n");
        assert_eq!(clean_body("\0\u{feff}Hei"), "Hei\n");
        assert_eq!(clean_body("a\r\0\nb"), "a\nb\n");
    }

    #[test]
    fn fresh_ids_differ() {
        let from = Address::new(None, "ola@example.com");
        let now = Utc::now();
        let a = fresh_message_id(&from, "s", now);
        let b = fresh_message_id(&from, "s", now);
        assert_ne!(a, b);
        assert!(a.ends_with("@example.com"), "{a}");
    }
}
