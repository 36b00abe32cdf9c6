//! Placeholders for messages too large to download by default.
//!
//! A message above `max_message_size` is fetched as its header alone (as
//! mbsync's MaxSize does). What is stored for it is that header, with the
//! fields that describe the body (Content-Type, Content-Transfer-Encoding)
//! set aside under `X-Vsd-Original-` names, and a plain-text body saying how
//! large the message is and how to fetch it whole. The result is an ordinary
//! message, so parsing, grouping and re-analysis treat it like any other,
//! and the threading fields (Message-ID, In-Reply-To, References, Subject)
//! are the real ones.

/// The stored stand-in for a message of `size` bytes whose header is
/// `header` (as the server sent it, with or without the blank line that ends
/// it), above `limit`.
pub fn placeholder(header: &[u8], size: u64, limit: u64, message_id: Option<&str>) -> Vec<u8> {
    let mut out = Vec::with_capacity(header.len() + 512);
    for line in header_lines(header) {
        let continued = line.first().is_some_and(|b| *b == b' ' || *b == b'\t');
        // A folded line stays with its field, renamed or not.
        if !continued && is_body_field(line) {
            out.extend_from_slice(b"X-Vsd-Original-");
        }
        out.extend_from_slice(line);
        if !line.ends_with(b"\n") {
            out.extend_from_slice(b"\r\n");
        }
    }
    out.extend_from_slice(
        format!(
            "X-Vsd-Partial: {size}\r\nContent-Type: text/plain; charset=utf-8\r\n\
             Content-Transfer-Encoding: 8bit\r\n\r\n"
        )
        .as_bytes(),
    );
    out.extend_from_slice(body_text(size, limit, message_id).as_bytes());
    out
}

/// The placeholder's body: what happened and what to run.
pub fn body_text(size: u64, limit: u64, message_id: Option<&str>) -> String {
    let fetch = match message_id {
        Some(id) => format!("vsd fetch '{id}'"),
        None => "vsd fetch MESSAGE-ID".to_string(),
    };
    format!(
        "[vsd: this message is {}, above max_message_size ({}): only its header was \
         downloaded. Run `{fetch}` to download it whole.]\r\n",
        human_size(size),
        human_size(limit)
    )
}

/// A size for people: `1.5 MB`, `200 KB`, `12 B` (1 KB = 1024 B, as the
/// config reads it).
pub fn human_size(n: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1024.0 && unit + 1 < UNITS.len() {
        v /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else if v >= 10.0 || v.fract() == 0.0 {
        format!("{v:.0} {}", UNITS[unit])
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

/// The lines of a header block (each with its line ending), up to the
/// blank line that ends it.
fn header_lines(header: &[u8]) -> impl Iterator<Item = &[u8]> {
    header
        .split_inclusive(|b| *b == b'\n')
        .take_while(|l| *l != b"\r\n" && *l != b"\n")
        .filter(|l| !l.is_empty())
}

fn is_body_field(line: &[u8]) -> bool {
    let name = line.split(|b| *b == b':').next().unwrap_or_default();
    let name = name.trim_ascii();
    name.eq_ignore_ascii_case(b"content-type")
        || name.eq_ignore_ascii_case(b"content-transfer-encoding")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_keeps_threading_and_sets_body_fields_aside() {
        let header = b"Message-ID: <big@example.com>\r\nSubject: [VSD-1] logs\r\nContent-Type: multipart/mixed;\r\n boundary=\"xyz\"\r\nContent-Transfer-Encoding: 7bit\r\nReferences: <a@b>\r\n\r\n";
        let p = placeholder(header, 200 << 20, 50 << 20, Some("big@example.com"));
        let text = String::from_utf8(p.clone()).expect("utf-8");
        assert!(
            text.contains("X-Vsd-Original-Content-Type: multipart/mixed;\r\n boundary=\"xyz\"\r\n"),
            "{text}"
        );
        assert!(text.contains("X-Vsd-Original-Content-Transfer-Encoding: 7bit\r\n"));
        assert!(text.contains("References: <a@b>\r\n"));
        let m = crate::mail::parse(&p).expect("parses");
        assert_eq!(m.message_id, "big@example.com");
        assert_eq!(m.subject, "[VSD-1] logs");
        assert_eq!(m.references, vec!["a@b".to_string()]);
        assert!(
            m.text
                .contains("this message is 200 MB, above max_message_size (50 MB)"),
            "{}",
            m.text
        );
        assert!(m.text.contains("vsd fetch 'big@example.com'"), "{}", m.text);
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_size(12), "12 B");
        assert_eq!(human_size(1536), "1.5 KB");
        assert_eq!(human_size(50 << 20), "50 MB");
        assert_eq!(human_size(3 << 30), "3 GB");
    }
}
